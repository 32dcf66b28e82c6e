export function ErrorNotice({ message }: { message: string }) {
  return (
    <p role="alert" data-testid="error-message" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
      {message}
    </p>
  );
}

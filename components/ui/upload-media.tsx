/**
 * A complaint's or a rating's file as its page shows it: a photo as `<img>`, a video as
 * `<video controls preload="metadata">` (only its header is fetched until played; it seeks with
 * Range requests). Both come from /api/files, which checks the viewer on every request.
 */
export function UploadMedia({
  id,
  video,
  label,
  className,
  testId,
}: {
  id: string;
  video: boolean;
  /** Accessible name: the photo's alt text, the video's label. */
  label: string;
  className: string;
  testId?: string;
}) {
  const src = `/api/files/${id}`;
  if (video)
    return (
      <video
        src={src}
        controls
        playsInline
        preload="metadata"
        aria-label={label}
        className={`bg-black ${className}`}
        data-testid={testId}
        data-kind="video"
      />
    );
  return (
    // eslint-disable-next-line @next/next/no-img-element -- private, per-viewer files; next/image would cache them publicly
    <img src={src} alt={label} className={className} data-testid={testId} data-kind="photo" />
  );
}

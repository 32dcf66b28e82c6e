/**
 * Knowledge-base records as cards: each with its content and, for editors, an edit form folded
 * away; retired records faded; a card to add one at the end.
 */
export function EditableList({
  items,
  editable,
  editLabel,
  addLabel,
  addForm,
  itemTestId,
}: {
  items: { id: string; active: boolean; content: React.ReactNode; form: React.ReactNode }[];
  editable: boolean;
  editLabel: string;
  addLabel: string;
  addForm: React.ReactNode;
  itemTestId: string;
}) {
  return (
    <>
      <ul className="grid gap-3 lg:grid-cols-2">
        {items.map((item) => (
          <li
            key={item.id}
            className={`space-y-2 rounded-lg bg-white p-4 text-sm shadow ${item.active ? "" : "opacity-60"}`}
            data-testid={itemTestId}
          >
            {item.content}
            {editable ? (
              <details>
                <summary className="cursor-pointer text-brand">{editLabel}</summary>
                {item.form}
              </details>
            ) : null}
          </li>
        ))}
      </ul>
      {editable ? (
        <div className="mt-4 rounded-lg bg-white p-4 shadow">
          <h2 className="mb-2 font-medium">{addLabel}</h2>
          {addForm}
        </div>
      ) : null}
    </>
  );
}

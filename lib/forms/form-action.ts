import type { FormState } from "./form-state";

/** A server action behind a form (`useActionState`): what pages hand to client components as props. */
export type FormAction = (state: FormState, formData: FormData) => Promise<FormState>;

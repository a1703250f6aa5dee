"use client";

import { useActionState, useEffect, useRef } from "react";
import type { FormState } from "@/lib/forms/form-state";

type FormAction = (previous: FormState, formData: FormData) => Promise<FormState>;

/** A form's Server Action state, and a ref that empties the form once the action succeeds (ready for the next entry). */
export function useResettingForm(serverAction: FormAction) {
  const [state, action] = useActionState<FormState, FormData>(serverAction, {});
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok) form.current?.reset();
  }, [state]);
  return { state, action, form };
}

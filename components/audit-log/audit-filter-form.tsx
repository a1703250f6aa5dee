import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { ACTOR_API_KEY, ACTOR_NONE } from "@/lib/audit/audit-filters";

export interface FilterChoices {
  actions: string[];
  recordTypes: string[];
  people: Array<{ id: string; name: string }>;
}

/** A plain GET form: the filters live in the address, so a filtered view can be bookmarked and exported as is. */
export function AuditFilterForm({
  orgSlug, choices, values, errors,
}: { orgSlug: string; choices: FilterChoices; values: Record<string, string | undefined>; errors: Record<string, string> }) {
  const actors = [
    { value: "", label: "Anyone" },
    ...choices.people.map((person) => ({ value: person.id, label: person.name })),
    { value: ACTOR_API_KEY, label: "API key" },
    { value: ACTOR_NONE, label: "No user (system, unknown account)" },
  ];
  return (
    <form method="get" aria-label="Filter the audit log" className="flex flex-col gap-4" noValidate>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <SelectField label="Actor" name="actor" options={actors} defaultValue={values.actor ?? ""} error={errors.actor} />
        <SelectField label="Action" name="action" options={[{ value: "", label: "Any action" }, ...choices.actions.map((a) => ({ value: a, label: a }))]} defaultValue={values.action ?? ""} error={errors.action} />
        <SelectField label="Record type" name="recordType" options={[{ value: "", label: "Any record" }, ...choices.recordTypes.map((t) => ({ value: t, label: t }))]} defaultValue={values.recordType ?? ""} error={errors.recordType} />
        <TextField label="Record id" name="recordId" defaultValue={values.recordId ?? ""} error={errors.recordId} hint="The id shown in an entry's Record column." />
        <TextField label="From (UTC date)" name="from" type="date" defaultValue={values.from ?? ""} error={errors.from} />
        <TextField label="To (UTC date, included)" name="to" type="date" defaultValue={values.to ?? ""} error={errors.to} />
      </div>
      <div className="flex flex-wrap gap-3">
        <button type="submit" className={buttonClass("primary")}>Filter</button>
        <Link href={`/${orgSlug}/settings/audit-log`} className={buttonClass("secondary")}>Clear filters</Link>
      </div>
    </form>
  );
}

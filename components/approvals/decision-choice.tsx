/** Approve / decline / later for one job: three large radio buttons, easy to hit on a phone. */
export function DecisionChoice({ jobId, title, price, error, selected }: { jobId: string; title: string; price: string; error?: string; selected?: string }) {
  const name = `decision.${jobId}`;
  const options = [
    { value: "APPROVED", label: "Approve", tone: "peer-checked:border-green-700 peer-checked:bg-green-50" },
    { value: "DECLINED", label: "Decline", tone: "peer-checked:border-red-700 peer-checked:bg-red-50" },
    { value: "DEFERRED", label: "Later", tone: "peer-checked:border-amber-700 peer-checked:bg-amber-50" },
  ];
  return (
    <fieldset className="rounded-md border border-slate-200 p-3" aria-describedby={error ? `${name}-error` : undefined}>
      <legend className="px-1 font-medium text-slate-900">{title} <span className="font-normal text-slate-600">{price}</span></legend>
      <div className="mt-1 grid grid-cols-3 gap-2">
        {options.map((option) => (
          <label key={option.value} className="cursor-pointer">
            <input type="radio" name={name} value={option.value} defaultChecked={selected === option.value} className="peer sr-only" />
            <span className={`block rounded-md border-2 border-slate-300 px-2 py-2 text-center text-sm font-medium peer-focus-visible:outline-2 peer-focus-visible:outline-blue-700 ${option.tone}`}>
              {option.label}
            </span>
          </label>
        ))}
      </div>
      {error ? <p id={`${name}-error`} role="alert" className="mt-1 text-sm font-medium text-red-700">{error}</p> : null}
    </fieldset>
  );
}

import type { ReactivationPolicy } from "@/lib/provisioning/settings-schemas";

const OPTIONS: { value: ReactivationPolicy; label: string; help: string }[] = [
  {
    value: "restore_previous_role",
    label: "Restore the role they had before",
    help: "Someone who was an Editor when deactivated comes back as an Editor.",
  },
  {
    value: "use_provisioning_role",
    label: "Use the current provisioning role",
    help: "They come back with the role chosen above, whatever they had before.",
  },
];

/** Radio group for the reactivation policy; saves on change like its siblings. */
export function ReactivationPolicyField({
  value,
  onChange,
  disabled = false,
}: {
  value: ReactivationPolicy;
  onChange: (policy: ReactivationPolicy) => void;
  disabled?: boolean;
}) {
  return (
    <fieldset
      className="space-y-2"
      aria-describedby="reactivation-help"
      disabled={disabled}
    >
      <legend className="font-medium">When your IdP reactivates someone</legend>
      <p id="reactivation-help" className="text-sm text-slate-600">
        A person deactivated in your identity provider leaves this workspace. If
        they are reactivated later, they rejoin with:
      </p>
      {OPTIONS.map((option) => (
        <div key={option.value} className="flex items-start gap-3">
          <input
            id={`reactivation-${option.value}`}
            type="radio"
            name="reactivation-policy"
            value={option.value}
            defaultChecked={value === option.value}
            onChange={() => onChange(option.value)}
            aria-describedby={`reactivation-${option.value}-help`}
            className="mt-1 size-4"
          />
          <div>
            <label htmlFor={`reactivation-${option.value}`}>
              {option.label}
              {option.value === "restore_previous_role" && " (default)"}
            </label>
            <p
              id={`reactivation-${option.value}-help`}
              className="text-sm text-slate-600"
            >
              {option.help}
            </p>
          </div>
        </div>
      ))}
    </fieldset>
  );
}

export function OutcomeBadge({ isSuccess }: { isSuccess: boolean }) {
  return (
    <span
      className={
        isSuccess
          ? "rounded bg-green-100 px-1.5 py-0.5 text-xs font-medium text-green-900"
          : "rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-900"
      }
    >
      {isSuccess ? "Success" : "Failure"}
    </span>
  );
}

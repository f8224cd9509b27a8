/** What an action did, as a polite status line; renders nothing without a message. ErrorAlert's calm sibling. */
export function Notice({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p role="status" className="notice">
      {message}
    </p>
  );
}

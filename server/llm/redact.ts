/**
 * Endpoints echo API keys in their errors: OpenAI answers a wrong key with "Incorrect API key provided:
 * sk-live-ab****************wxyz", a proxy may put the whole Authorization header in a 500 page. An error
 * reason is stored with the sample, shown in the UI and the CLI and logged, so the key, any run of 8 of its
 * characters, and masked keys (`***`) come out of it first.
 */
export function redactSecret(text: string, secret: string | undefined): string {
  let out = text.replace(/\bBearer\s+\S+/gi, "Bearer [redacted]");
  if (secret) out = out.split(secret).join("[redacted]");
  return out.replace(/[^\s"'`,;()[\]{}<>]+/g, (word) =>
    word.includes("***") || (secret !== undefined && sharesRun(word, secret, 8)) ? "[redacted]" : word,
  );
}

function sharesRun(word: string, secret: string, length: number): boolean {
  if (secret.length < length) return false;
  for (let i = 0; i + length <= word.length; i++) if (secret.includes(word.slice(i, i + length))) return true;
  return false;
}

/** The same error with its message redacted (the class, and so retryable or permanent, is kept). */
export function redactError<E extends Error>(error: E, secret: string | undefined): E {
  error.message = redactSecret(error.message, secret);
  return error;
}

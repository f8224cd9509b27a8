import { currentLanguage, hasText, knownText, t } from "./i18n";

/**
 * An API error's message in the interface language. The API answers in English (its messages are also read by
 * scripts and in logs); the Chinese interface shows the dictionary's text for messages an annotator can meet
 * (entries keyed on the server's exact English message), else a sentence for the error's code followed by the
 * server's own words, so nothing the server said is lost.
 */
export function apiErrorText(code: string, message: string): string {
  if (currentLanguage() === "en") return message;
  if (hasText(message)) return knownText(message);
  const general = codeText(code);
  return general ? `${general}（${message}）` : message;
}

function codeText(code: string): string | undefined {
  switch (code) {
    case "unauthenticated":
      return t("Please sign in.");
    case "forbidden":
      return t("Your role does not allow this.");
    case "not_found":
      return t("Not found.");
    case "conflict":
      return t("This conflicts with the current state.");
    case "bad_request":
    case "invalid_input":
    case "invalid_json":
    case "invalid_file":
      return t("The request was refused.");
    case "too_large":
      return t("The upload is too large.");
    case "busy":
      return t("The server is busy; try again in a moment.");
    case "disk_full":
      return t("The server's disk is full.");
    case "rate_limited":
      return t("Too many attempts; wait and try again.");
    case "internal":
      return t("Something went wrong on the server.");
    default:
      return undefined;
  }
}

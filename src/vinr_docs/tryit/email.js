// The `email` format, as the Python fake checks it: email-validator 2.x's syntax rules with
// check_deliverability=False and its defaults (no quoted local parts, no display names, no
// bracketed IP domains, a globally deliverable domain: a dot, a TLD ending in a letter, no
// special-use names). Internationalized domains are normalised by the browser's own UTS #46
// implementation (the URL parser), which is what email-validator's idna step does.
// Agreement with the Python fake is tested case by case in tests/tryit/ (script.json).

const ATEXT = "a-zA-Z0-9_!#$%&'*+\\-/=?^`{|}~";
const DOT_ATOM = new RegExp(`^[${ATEXT}]+(?:\\.[${ATEXT}]+)*$`);
const DOT_ATOM_INTL = new RegExp(`^[${ATEXT}\\u{80}-\\u{10FFFF}]+(?:\\.[${ATEXT}\\u{80}-\\u{10FFFF}]+)*$`, "u");
const HOSTNAME_CHARS = /^[a-zA-Z0-9.\-\u{80}-\u{10FFFF}]*$/u;
const LABEL = "(?:(?:[a-zA-Z0-9][a-zA-Z0-9-]*)?[a-zA-Z0-9])";
const HOSTNAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const SAFE = /^[\p{L}\p{N}\p{P}\p{S}]$/u;
const SPECIAL_USE = ["arpa", "invalid", "local", "localhost", "onion", "test"];
const MAX_EMAIL = 254;
const MAX_DOMAIN = 253;
const MAX_LABEL = 63;

const utf8Length = (text) => new TextEncoder().encode(text).length;

/** Letters, numbers, punctuation and symbols; combining marks except first; nothing else. */
function safeChars(text) {
  let index = 0;
  for (const char of text) {
    const ok = SAFE.test(char) || (index > 0 && /^\p{M}$/u.test(char));
    if (!ok) return false;
    index += 1;
  }
  return true;
}

function localPartOk(local) {
  if (local.length === 0) return false;
  if (DOT_ATOM.test(local)) return true;
  return DOT_ATOM_INTL.test(local) && safeChars(local);
}

/** The ASCII (IDNA) form of a domain, or null when it is not a valid hostname. */
function asciiDomain(domain) {
  if ([...domain].length > MAX_DOMAIN || !HOSTNAME_CHARS.test(domain)) return null;
  if (!safeChars(domain)) return null;
  let mapped = domain.toLowerCase();
  if (/[^\x00-\x7f]/.test(domain)) {
    try {
      mapped = new URL(`http://${domain}/`).hostname; // UTS #46: case fold, NFC, dots, Punycode
    } catch {
      return null;
    }
  }
  if (mapped.startsWith(".") || mapped.endsWith(".") || mapped.includes("..")) return null;
  if (mapped.startsWith("-") || mapped.endsWith("-") || /\.-|-\./.test(mapped)) return null;
  const labels = mapped.split(".");
  if (labels.some((label) => /^(?!xn)..--/i.test(label))) return null;
  if (!HOSTNAME.test(mapped) || mapped.length > MAX_DOMAIN) return null;
  if (labels.some((label) => label.length > MAX_LABEL)) return null;
  if (mapped.includes("xn--") && !/[^\x00-\x7f]/.test(domain)) {
    try {
      if (new URL(`http://${mapped}/`).hostname !== mapped) return null;
    } catch {
      return null; // Punycode that does not decode
    }
  }
  return mapped;
}

/** True when `value` is an address the fake's email-validator accepts. */
export function isEmail(value) {
  if (typeof value !== "string" || /["<]/.test(value)) return false;
  const at = value.indexOf("@");
  if (at < 0) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!localPartOk(local) || !localPartOk(local.normalize("NFC"))) return false;
  if (domain.length === 0 || domain.startsWith("[")) return false;
  const ascii = asciiDomain(domain);
  if (ascii === null || !ascii.includes(".") || !/[a-z]$/i.test(ascii)) return false;
  if (SPECIAL_USE.some((name) => ascii === name || ascii.endsWith(`.${name}`))) return false;
  const forms = [value, `${local.normalize("NFC")}@${ascii}`];
  return forms.every((form) => utf8Length(form) <= MAX_EMAIL);
}

export const formats = { email: isEmail };

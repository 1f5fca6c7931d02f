// The `email` format, as the Python fake checks it: email-validator 2.x's syntax rules with
// check_deliverability=False and its defaults (no quoted local parts, no display names, no
// bracketed IP domains, a globally deliverable domain: a dot, a TLD ending in a letter, no
// special-use names). Internationalized domains are normalised by the browser's own UTS #46
// implementation (the URL parser), which is what email-validator's idna step does.
// Agreement with the Python fake is tested case by case in tests/tryit/ (corpus.py, generated.py).

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
  if (!labels.every(validAceLabel)) return null;
  if (!bidiOk(labels.map((label) => (/^xn--/i.test(label) ? punycodeDecode(label.slice(4))
    : label)))) return null;
  return mapped;
}

// The Bidi rule (RFC 5893), as Python's idna applies it, with bidi classes approximated from
// scripts and categories: right-to-left letters (R, AL), Arabic-Indic digits (AN), European
// digits (EN), combining marks (NSM), other letters (L).
const RTL_LETTER = /^[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]$/u;
const ARABIC_DIGIT = /^[\u0600-\u0605\u0660-\u0669\u066B\u066C\u06DD]$/u;
const EUROPEAN_DIGIT = /^[0-9\u06F0-\u06F9]$/u;

function bidiClass(char) {
  if (EUROPEAN_DIGIT.test(char)) return "EN";
  if (ARABIC_DIGIT.test(char)) return "AN";
  if (/^\p{Mn}$/u.test(char)) return "NSM";
  if (/^\p{L}$/u.test(char)) return RTL_LETTER.test(char) ? "R" : "L";
  if (/^\p{Mc}$/u.test(char)) return "L";
  return "ON"; // "-" (ES) and the rest: allowed in the middle of either direction
}

function bidiOk(labels) {
  const classes = labels.map((label) => [...label].map(bidiClass));
  const rtl = (list) => list.some((c) => c === "R" || c === "AN");
  if (!classes.some(rtl)) return true;
  return classes.every((list) => {
    const last = list.filter((c) => c !== "NSM").at(-1);
    if (rtl(list)) {
      return list[0] === "R" && !list.includes("L") && ["R", "EN", "AN"].includes(last) &&
        !(list.includes("EN") && list.includes("AN"));
    }
    return list[0] === "L" && ["L", "EN"].includes(last);
  });
}

/** An `xn--` label must be Punycode of a valid internationalized label: it decodes (RFC 3492),
 * holds non-ASCII, and encodes back to itself under UTS #46. Decoded here, not by the URL parser:
 * Node's rejects bad Punycode but Chromium's passes it through. */
function validAceLabel(label) {
  if (!/^xn--/i.test(label)) return true;
  const decoded = punycodeDecode(label.slice(4));
  if (decoded === null || !/[^\x00-\x7f]/.test(decoded)) return false;
  if (![...decoded].every((char) => char < "\x80" || IDNA_VALID.test(char))) return false;
  try {
    return new URL(`http://${decoded}/`).hostname === label.toLowerCase();
  } catch {
    return false;
  }
}

// IDNA2008 (RFC 5892) allows letters, marks and digits, and derives that from these general
// categories (symbols such as emoji and ™, punctuation, other numbers are not allowed).
const IDNA_VALID = /^[\p{Ll}\p{Lo}\p{Lm}\p{Mn}\p{Mc}\p{Nd}]$/u;

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const MAX_INT = 0x7fffffff;

function adapt(delta, points, first) {
  let d = first ? Math.floor(delta / 700) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + 38));
}

function digitOf(code) {
  if (code >= 48 && code <= 57) return code - 22;
  if (code >= 65 && code <= 90) return code - 65;
  if (code >= 97 && code <= 122) return code - 97;
  return BASE;
}

/** RFC 3492 decoding; null when `input` is not valid Punycode. */
function punycodeDecode(input) {
  const output = [];
  const basic = Math.max(input.lastIndexOf("-"), 0);
  for (let j = 0; j < basic; j += 1) {
    if (input.charCodeAt(j) >= 0x80) return null;
    output.push(input.charCodeAt(j));
  }
  let n = 128;
  let bias = 72;
  let i = 0;
  for (let index = basic > 0 ? basic + 1 : 0; index < input.length;) {
    const old = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (index >= input.length) return null;
      const digit = digitOf(input.charCodeAt(index));
      index += 1;
      if (digit >= BASE || digit > Math.floor((MAX_INT - i) / w)) return null;
      i += digit * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < t) break;
      if (w > Math.floor(MAX_INT / (BASE - t))) return null;
      w *= BASE - t;
    }
    const points = output.length + 1;
    bias = adapt(i - old, points, old === 0);
    if (Math.floor(i / points) > MAX_INT - n) return null;
    n += Math.floor(i / points);
    i %= points;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null;
    output.splice(i, 0, n);
    i += 1;
  }
  return String.fromCodePoint(...output);
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

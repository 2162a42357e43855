/** A URL fit for an error or a log line: the password (and a username standing in for one) masked. */
export function maskUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = "***";
    else if (url.username) url.username = "***";
    return url.toString();
  } catch {
    // Not parseable: anything between "//" and "@" may be credentials.
    return raw.replace(/\/\/[^@/]*@/, "//***@");
  }
}

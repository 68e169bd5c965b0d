/**
 * Job parameters: the `--key value` pairs of a job's arguments, which rich functions read through
 * `RuntimeContext.getJobParameters()` (merged over the effective configuration). One parser for
 * the runtime and the operator test harness.
 */

/**
 * Parses `--key value` style arguments. A token that starts with `-` and is not a number is a key;
 * the following token is its value unless it is itself a key. Positional tokens are ignored.
 */
export function parseJobParameters(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const isKey = (token: string | undefined): token is string =>
    token !== undefined && /^--?[^-\d.]/.test(token) && Number.isNaN(Number(token));
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (!isKey(token)) continue;
    const body = token.replace(/^--?/, "");
    const eq = body.indexOf("=");
    if (eq > 0) {
      out[body.slice(0, eq)] = body.slice(eq + 1);
      continue;
    }
    const next = args[i + 1];
    if (next !== undefined && !isKey(next)) {
      out[body] = next;
      i++;
    } else {
      out[body] = "true";
    }
  }
  return out;
}

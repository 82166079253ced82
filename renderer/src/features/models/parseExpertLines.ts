/** "pediatrics=peds-lora" lines → {pediatrics: 'peds-lora'}; the first bad line is named. */
export function parseExpertLines(text: string): Record<string, string> | string {
  const experts: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const match = /^([^=\s]+)\s*=\s*(\S.*)$/.exec(line);
    if (!match) return `Line ${i + 1} should read specialty=model, e.g. pediatrics=peds-lora.`;
    experts[match[1]!] = match[2]!.trim();
  }
  return experts;
}

/** Vite's `?raw` import of a Markdown document: its text as a string. */
declare module '*.md?raw' {
  const text: string;
  export default text;
}

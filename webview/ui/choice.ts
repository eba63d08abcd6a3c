/** One option of a dropdown or radio group: the value views work with and the text people read. */
export interface Choice<T extends string> {
  value: T;
  label: string;
}

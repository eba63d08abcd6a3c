/** The controls views may use. Views import from here, never from the toolkit. */
export { ensureToolkitRegistered } from './register';
export type { Choice } from './choice';
export { createDropdown, type Dropdown } from './dropdown';
export { createRadioGroup, type RadioGroup } from './radio-group';
export { createButton } from './button';
export { createCheckbox, type Checkbox } from './checkbox';
export { createTabs, type TabSpec, type Tabs } from './tabs';

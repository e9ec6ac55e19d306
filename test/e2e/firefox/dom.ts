// Page helpers for puppeteer in Firefox, by role and accessible name (puppeteer's ARIA selectors, which in
// Firefox go through BiDi's accessibility locator and reach into open shadow roots).
import type { ElementHandle, Page } from 'puppeteer-core';

type Scope = Page | ElementHandle<Element>;

const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const ariaSelector = (role: string, name?: string) =>
  `::-p-aria(${name === undefined ? '' : `[name=${quote(name)}]`}[role=${quote(role)}])`;

/** Waits for the element of `role` named `name` inside `scope`. */
export async function byRole(scope: Scope, role: string, name?: string, timeout = 15_000): Promise<ElementHandle<Element>> {
  const found = await scope.waitForSelector(ariaSelector(role, name), { timeout });
  if (!found) throw new Error(`No ${role} named ${name}`);
  return found;
}

/** How many elements of `role` named `name` are inside `scope` now. */
export async function countByRole(scope: Scope, role: string, name?: string): Promise<number> {
  return (await scope.$$(ariaSelector(role, name))).length;
}

export async function textsByRole(scope: Scope, role: string): Promise<string[]> {
  const handles = await scope.$$(ariaSelector(role));
  const texts = await Promise.all(handles.map((h) => h.evaluate((el) => (el.textContent ?? '').trim())));
  return texts.filter(Boolean);
}

/** Replaces a text field's value the way typing does (Preact listens to input events). */
export async function fill(field: ElementHandle<Element>, value: string): Promise<void> {
  await field.evaluate((el) => {
    (el as HTMLInputElement).value = '';
  });
  await field.type(value);
}

/** Chooses the option whose label is `label`. */
export async function selectByLabel(select: ElementHandle<Element>, label: string): Promise<void> {
  const value = await select.evaluate(
    (el, wanted) => [...(el as HTMLSelectElement).options].find((o) => o.textContent?.trim() === wanted)?.value,
    label,
  );
  if (value === undefined) throw new Error(`No option ${label}`);
  await (select as ElementHandle<HTMLSelectElement>).select(value);
}

/** Ticks a checkbox unless it is ticked already. */
export async function check(box: ElementHandle<Element>): Promise<void> {
  if (!(await box.evaluate((el) => (el as HTMLInputElement).checked))) await box.click();
}

/** The form control labelled `label` inside `scope` (password fields have no ARIA role to find them by). */
export async function byLabel(scope: Scope, label: string, timeout = 15_000): Promise<ElementHandle<Element>> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const root = 'waitForNavigation' in scope ? await scope.$('html') : scope;
    if (!root) throw new Error('No document');
    const handle = await root.evaluateHandle((within: Element, wanted: string) => {
      const match = [...within.querySelectorAll('label')].find((l) => l.textContent?.trim() === wanted);
      return match?.control ?? null;
    }, label);
    const element = handle.asElement();
    if (element) return element as ElementHandle<Element>;
    await handle.dispose();
    if (Date.now() > deadline) throw new Error(`No control labelled ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

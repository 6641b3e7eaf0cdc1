/**
 * The template editor's checks: an unclosed "{hypothesis", a stray "}" and an input that shows none of the
 * example's fields are errors that name the problem (role="alert"), hide the preview and block running
 * until fixed. Screenshots of the Suite editor with an error at each size.
 */
import { expect, test } from '@playwright/test';
import { collectErrors, openPanel } from './helpers';
import { openAt, shoot, VIEWPORTS } from './shots';

test("unbalanced braces and a template without the example's fields are named errors that block running", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await openPanel(page, 'Suite');
  await page.getByTestId('suite-cluster').selectOption('nli');
  const input = page.getByTestId('template-input');
  const original = await input.inputValue();
  expect(original).toContain('{hypothesis}');
  const problems = page.getByTestId('template-errors');

  await input.fill(original.replace('{hypothesis}', '{hypothesis'));
  await expect(problems).toHaveAttribute('role', 'alert');
  await expect(problems.locator('li[data-kind="unbalanced-brace"]')).toContainText(
    /unbalanced brace in the input: "\{hypothesis" at character \d+ is never closed \(did you mean "\{hypothesis\}"\?\)/,
  );
  await expect(problems).toContainText('hypothesis');
  await expect(page.getByTestId('template-preview')).toHaveText('Fix the template to see a preview.');
  await openPanel(page, 'Setup');
  await expect(page.getByTestId('template-block')).toContainText('unbalanced brace');
  await expect(page.getByTestId('run-experiment')).toBeDisabled();

  await openPanel(page, 'Suite');
  await page.getByTestId('suite-cluster').selectOption('nli');
  await input.fill(`${original} }`);
  await expect(problems.locator('li[data-kind="unbalanced-brace"]')).toContainText('stray "}"');

  await input.fill('Is it true?\n\n{options_}');
  await expect(problems.locator('li[data-kind="no-fields"]')).toContainText("none of the example's fields");
  await expect(problems).toContainText('{premise}, {hypothesis}');

  await page.getByTestId('template-target').fill('{answer');
  await expect(problems.locator('li[data-kind="unbalanced-brace"]')).toContainText('in the target');

  await page.getByTestId('template-reset').click();
  await expect(problems).toHaveCount(0);
  await openPanel(page, 'Setup');
  await expect(page.getByTestId('template-block')).toHaveCount(0);
  await expect(page.getByTestId('run-experiment')).toBeEnabled();
  expect(errors).toEqual([]);
});

for (const vp of VIEWPORTS) {
  test(`the Suite editor with an error at ${vp.name}`, async ({ page }) => {
    await openAt(page, vp);
    await openPanel(page, 'Suite');
    await page.getByTestId('suite-cluster').selectOption('nli');
    const input = page.getByTestId('template-input');
    await input.fill((await input.inputValue()).replace('{hypothesis}', '{hypothesis'));
    await expect(page.getByTestId('template-errors')).toBeVisible();
    await shoot(page, 'suite-error', vp);
  });
}

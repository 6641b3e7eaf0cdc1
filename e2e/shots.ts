/**
 * Screenshots of the panels at the sizes the lab is used at: a laptop (1280×720), a projector in lecturer
 * mode (1920×1080, ?lecture=1) and a phone (390×844), saved under test-results/screenshots/ for a person
 * to look at. Also the layout checks every size shares: nothing wider than the page.
 */
import { expect, type Page } from '@playwright/test';

export interface Viewport {
  name: string;
  width: number;
  height: number;
  lecture: boolean;
}

export const VIEWPORTS: Viewport[] = [
  { name: '1280x720', width: 1280, height: 720, lecture: false },
  { name: '1920x1080-lecture', width: 1920, height: 1080, lecture: true },
  { name: '390x844', width: 390, height: 844, lecture: false },
];

/** The page at this size and mode (a fresh load, so lecturer mode applies from the start). */
export async function openAt(page: Page, vp: Viewport, query = ''): Promise<void> {
  await page.setViewportSize({ width: vp.width, height: vp.height });
  const params = new URLSearchParams(query);
  if (vp.lecture) params.set('lecture', '1');
  const search = params.toString();
  await page.goto(search ? `/?${search}` : '/');
  await expect(page.locator('.app')).toHaveAttribute('data-ready', 'true');
}

export async function shoot(page: Page, panel: string, vp: Viewport): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${panel}-${vp.name}.png`, fullPage: vp.width < 600 });
}

/** Nothing sticks out sideways: the page scrolls vertically only. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'page wider than the viewport').toBeLessThanOrEqual(0);
}

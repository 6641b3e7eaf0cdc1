/** Which panel is shown and the page-wide modes (lecturer mode, the guided tour). */
import { create } from 'zustand';

export type PanelId = 'start' | 'setup' | 'suite' | 'runs' | 'results' | 'inspect' | 'train' | 'bench';

interface UiState {
  panel: PanelId;
  /** ?lecture=1: larger type, advanced controls hidden, for projectors. */
  lecture: boolean;
  tourOpen: boolean;
  show(panel: PanelId): void;
  setTourOpen(open: boolean): void;
}

function initialLecture(): boolean {
  return typeof location !== 'undefined' && new URLSearchParams(location.search).get('lecture') === '1';
}

export const useUiStore = create<UiState>()((set) => ({
  panel: 'start',
  lecture: initialLecture(),
  tourOpen: false,
  show: (panel) => set({ panel }),
  setTourOpen: (tourOpen) => set({ tourOpen }),
}));

// Every localStorage key the site uses, in one place. Versioned: a change of
// format gets a new key, so stale data is ignored rather than misread.
export const VISITS_KEY = 'lml.visits.v1'; // panes seen per lesson, last place (visits.js)
export const THEME_KEY = 'lml.theme.v1'; // 'light' | 'dark' (absent: follow the system)
export const PROGRESS_KEY = 'lml.progress.v1'; // exercise progress (the exercise progress store)

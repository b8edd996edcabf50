export { channels } from './channels';
export { common, flowTexts, ROLE_NAMES } from './common';
export { groups } from './groups';
export { GRADE_NAMES, KIND_NAMES, meetings } from './meetings';
export { notices } from './notices';
export { onboarding } from './onboarding';
export { reportBody, reports, SECTION_NAMES } from './reports';
export { summaries } from './summaries';
export { supervision } from './supervision';

export { channels } from './channels';
export { common, ROLE_NAMES } from './common';
export { groups } from './groups';
export { onboarding } from './onboarding';
export { reportBody, reports, SECTION_NAMES } from './reports';
export { supervision } from './supervision';

export { channels } from './channels';
export { common, ROLE_NAMES } from './common';
export { onboarding } from './onboarding';

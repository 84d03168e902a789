/** The typed client's public surface: `new TaskmasterClient({ baseUrl, token })`, its types and its error. */
export { TaskmasterClient, defaultBaseUrl, type TaskmasterClientOptions, type WatchOptions, type WatchTarget } from './taskmaster-client';
export { TaskmasterApiError, fieldProblemsOf } from './api-error';
export type * from './api-types';

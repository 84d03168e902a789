import { AtCapacityError } from '../errors/domain-errors';

/** A subscriber left too many messages unread: it is dropped rather than allowed to grow the facade's memory. */
export class SubscriberTooSlowError extends AtCapacityError {
  constructor(limit: number) {
    super('SUBSCRIBER_TOO_SLOW', `the subscriber left more than ${limit} messages unread; reconnect with the last cursor`, { limit }, 1);
  }
}

export { Notifier, toNotification, type Delivery, type NotifierDeps } from './notifier';
export { render, formatCents, formatWhen, type NotificationEvent, type BookingFacts } from './messages';
export { notificationRoutes } from './routes';
export { smtpMailer, smtpOptionsFromEnv, type SmtpOptions } from './smtp';
export { observeBookings, onBookingChange, type BookingEventDeps } from './booking-events';
export { sendReminders } from './reminders';
export { pruneMail } from './outbox';

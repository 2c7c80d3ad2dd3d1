export { reviewRoutes, type ReviewRouteOptions } from './routes';
export { createReview, updateReview, deleteReview, toReview, type ReviewDeps } from './service';

/** The HTTP layer's public surface: the facade's app factory. Entry points (src/cli) import it from here. */
export { createApp, type AppDependencies } from './app';
export { listenFacade } from './listen';

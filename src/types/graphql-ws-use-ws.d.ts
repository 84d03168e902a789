// graphql-ws publishes its ws adapter as the subpath export 'graphql-ws/use/ws', which this project's module
// resolution ("node", for CommonJS) does not read; its types are those of the file the export points to.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}

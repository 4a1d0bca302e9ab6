export * from './runner';
export * from './tools';
export * from './images';
export * from './smoke';

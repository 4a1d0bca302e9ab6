export {
  parseTaskText,
  findDue,
  findTime,
  type ParsedTask,
  type ParseOptions,
  type Span,
  type SpanKind,
  type DueFound,
} from './parse';
export { editDistance, closestWord, typoBudget } from './fuzzy';
export { tokenize, type Token } from './tokens';
export {
  DELETE_WORDS,
  commandWords,
  dateWords,
  allWords,
  ordinalWords,
  numberWords,
  taskVerbs,
  taskVerbOf,
} from './vocabulary';
export { countOf } from './dates';
export * from './requests';

/**
 * JSON Schema support without runtime dependencies (n8n lets community nodes import only
 * n8n-workflow and a short allow-list, none of which validates JSON Schema): checkSchema refuses
 * schemas it cannot honour, validate lists every mismatch with its path, schemaFromExample turns
 * an example value into a schema.
 */
export { checkSchema, TYPES } from './check';
export { CHECKED_FORMATS } from './formats';
export { schemaFromExample } from './fromExample';
export { validate, type SchemaError } from './validate';

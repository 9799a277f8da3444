/** An error with one code: its params and its rendered message. */
export interface ErrorOf<C extends ErrorCode> {
  /** The code. */
  readonly code: C;
  /** The values of the message's placeholders. */
  readonly params: Params[C];
  /** The rendered message. */
  readonly message: string;
}

/** An error with any code of this catalog; `switch` on `code` to narrow it. */
export type CatalogError = { [C in ErrorCode]: ErrorOf<C> }[ErrorCode];

/** An error with `code` and `params`, its message rendered in `locale`. */
export function createError<C extends ErrorCode>(
  code: C,
  params: Params[C],
  locale: Locale = DEFAULT_LOCALE,
): ErrorOf<C> {
  return { code, params, message: formatMessage(code, params, locale) };
}

/** A handler for every code. */
export type Handlers<R> = {
  readonly [C in ErrorCode]: (error: ErrorOf<C>) => R;
};

/** Handlers for some codes, and `{{ fallback_name }}` for the others. */
export type PartialHandlers<R> = {
  readonly [C in ErrorCode]?: (error: ErrorOf<C>) => R;
} & {
  readonly {{ fallback_key }}: (error: CatalogError) => R;
};

/** Handlers for some codes, and perhaps `{{ fallback_name }}`. */
export type HandlerMap<R> = {
  readonly [C in ErrorCode]?: (error: ErrorOf<C>) => R;
} & {
  readonly {{ fallback_key }}?: (error: CatalogError) => R;
};

/**
 * The codes that the handler map `H` has no handler for, unless it has
 * `{{ fallback_name }}`. (`C` is a parameter, so that tsc distributes `Exclude` over
 * the codes where `Unhandled` is used, not where it is declared.)
 */
export type Unhandled<H, C extends ErrorCode = ErrorCode> = {{ fallback_literal }} extends keyof H ? never : Exclude<C, keyof H>;

/** The keys of the handler map `H` that are neither codes nor `{{ fallback_name }}`. */
export type UnknownKeys<H> = Exclude<keyof H, ErrorCode | {{ fallback_literal }}>;

/**
 * A property for each code that the handler map `H` has no handler for
 * (none if it has `{{ fallback_name }}`), named so that tsc's error for a missing one
 * says what to add. (Over `ErrorCode` itself, not `Unhandled<H>`: that
 * would make tsc distribute `Exclude` over every code where `handleError`
 * is declared, in every program that imports this module.)
 */
export type MissingHandlers<H> = {{ fallback_literal }} extends keyof H
  ? unknown
  : {
      readonly [C in ErrorCode as C extends keyof H
        ? never
        : `handler for ${C & (string | number)} (or {{ fallback_name }})`]: unknown;
    };

/** Properties named `K`, which must not be given. */
export type Forbidden<K extends PropertyKey> = {
  readonly [P in K as `${P & (string | number)}`]: never;
};

/**
 * Calls the handler of `error.code` and returns what it returns.
 *
 * `handlers` names every code, or some codes and `{{ fallback_name }}`: a missing
 * handler is a type error that says a handler or `{{ fallback_name }}` is missing
 * and names the missing codes. What `parse` returns (a `Decoded`) may hold
 * a code this module does not know (from a newer server): its handlers
 * must have `{{ fallback_name }}`, which takes it. (At run time an unknown code always
 * goes to `{{ fallback_name }}`; without one, `handleError` throws a `TypeError`.)
 */
export function handleError<R>(error: CatalogError, handlers: PartialHandlers<R>): R;
export function handleError<R>(error: CatalogError, handlers: Handlers<R>): R;
export function handleError<R>(error: Decoded, handlers: DecodedHandlers<R>): R;
export function handleError<R, H extends HandlerMap<R>>(
  error: CatalogError,
  handlers: H & HandlerMap<R> & MissingHandlers<H> & Forbidden<UnknownKeys<H>>,
): R;
export function handleError<R>(error: object, handlers: object): R {
  // The overloads have checked the error and the handlers: here each
  // handler takes any error. (Typed as `object`, so that tsc does not
  // relate every code's error and handler to the implementation's.)
  const table = handlers as Readonly<Record<PropertyKey, ((error: object) => R) | undefined>>;
  const code = (error as { readonly code?: unknown }).code as PropertyKey;
  const handler = own(table, code) ?? own(table, {{ fallback_literal }});
  if (handler === undefined) {
    throw new TypeError("handleError: no handler for " + JSON.stringify(code) + " and no {{ fallback_name }} handler");
  }
  return handler(error);
}

/** Whether `key` is `object`'s own property, not one every object inherits. */
function hasOwn(object: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** `object[key]` if it is the object's own, not one every object inherits. */
function own<H extends object, K extends keyof H>(object: H, key: K): H[K] | undefined {
  return hasOwn(object, key) ? object[key] : undefined;
}

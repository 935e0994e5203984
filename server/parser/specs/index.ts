// Which languages have a grammar, keyed by the language ids languageForPath returns.
import type { LanguageSpec } from '../language-spec.js';
import { c, cpp } from './c-family.js';
import { csharp } from './csharp.js';
import { javascript, tsx, typescript } from './ecmascript.js';
import { go } from './go.js';
import { java } from './java.js';
import { php } from './php.js';
import { python } from './python.js';
import { ruby } from './ruby.js';
import { rust } from './rust.js';

export const LANGUAGE_SPECS: Record<string, LanguageSpec> = {
  typescript,
  tsx,
  javascript,
  python,
  go,
  rust,
  java,
  c,
  cpp,
  csharp,
  ruby,
  php,
};

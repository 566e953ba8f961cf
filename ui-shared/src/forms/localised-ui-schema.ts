import type { SchemaNode } from '@rapport/schemas';
import type { Language } from '../i18n/language';

type UiNode = Record<string, unknown>;

function localise(node: SchemaNode, ui: UiNode): UiNode {
  const out: UiNode = { ...ui };
  const options = ui['ui:options'] as
    | { titleEn?: string; descriptionEn?: string; enumNamesEn?: string[] }
    | undefined;
  if (options?.titleEn) out['ui:title'] = options.titleEn;
  if (options?.descriptionEn) out['ui:description'] = options.descriptionEn;
  if (options?.enumNamesEn) out['ui:enumNames'] = options.enumNamesEn;
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    if (typeof child === 'object') out[name] = localise(child, (ui[name] as UiNode | undefined) ?? {});
  }
  if (node.items && typeof node.items === 'object' && !Array.isArray(node.items)) {
    out.items = localise(node.items, (ui.items as UiNode | undefined) ?? {});
  }
  return out;
}

/**
 * The uiSchema as rjsf should render it in `language`. The builder keeps Chinese labels in the
 * schema and the English ones in `ui:options` (`titleEn`, `descriptionEn`, `enumNamesEn`); in English
 * they become rjsf's `ui:title`, `ui:description` and `ui:enumNames`. Fields without English keep Chinese.
 */
export function localisedUiSchema(schema: SchemaNode, ui: UiNode, language: Language): UiNode {
  return language === 'en' ? localise(schema, ui) : ui;
}

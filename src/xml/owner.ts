// The <Owner> element of listings (and <Initiator>, which has the same shape).
import { childText, type XmlElement } from './parser.ts';

export interface Owner {
  id: string;
  /** AWS stopped sending DisplayName in 2025; other servers still may. */
  displayName?: string;
}

export function readOwner(element: XmlElement | undefined): Owner | undefined {
  if (element === undefined) return undefined;
  return { id: childText(element, 'ID') ?? '', displayName: childText(element, 'DisplayName') };
}

import { PipewrightError } from '../../core/errors/index.js';

/**
 * Parameter Store's rules for names, from "Requirements and constraints for parameter names" in the
 * Systems Manager User Guide: letters, digits and `_ . - /`; no `aws`/`ssm` prefix; a name with `/` is
 * fully qualified (starts with `/`); at most 15 levels.
 */
const allowedCharacters = /^[A-Za-z0-9_.\-/]+$/;
const reservedPrefix = /^\/?(aws|ssm)/i;
const maxLevels = 15;

export function checkParameterName(name: string): void {
  if (reservedPrefix.test(name)) throw new PipewrightError('ValidationException', 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).');
  if (!allowedCharacters.test(name)) {
    throw new PipewrightError('ValidationException', 'Parameter name: can only contain letters, numbers and the symbols _ . - and /.');
  }
  if (name.includes('/') && !name.startsWith('/')) throw new PipewrightError('ValidationException', 'Parameter name must be a fully qualified name.');
  if (name.split('/').filter((part) => part !== '').length > maxLevels) {
    throw new PipewrightError('HierarchyLevelLimitExceededException', 'A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the Amazon Web Services Systems Manager User Guide.');
  }
}

/** `name:3` names version 3 (SSM's selector); a label selector (`name:prod`) names no version here. */
export function parseSelector(requested: string): { name: string; version?: number; label?: string } {
  const colon = requested.lastIndexOf(':');
  if (colon <= 0) return { name: requested };
  const name = requested.slice(0, colon);
  const selector = requested.slice(colon + 1);
  return /^[0-9]+$/.test(selector) ? { name, version: Number(selector) } : { name, label: selector };
}

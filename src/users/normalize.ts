// How user identity fields are stored: e-mail and username lower-cased (unique case-insensitively
// on every database), names kept as typed with lower-cased copies for search.

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export function nameSearchFields(name: { firstName?: string | undefined; lastName?: string | undefined }): { firstNameSearch?: string; lastNameSearch?: string } {
  return {
    ...(name.firstName !== undefined ? { firstNameSearch: name.firstName.toLowerCase() } : {}),
    ...(name.lastName !== undefined ? { lastNameSearch: name.lastName.toLowerCase() } : {}),
  };
}

// The panel's sidebar groups, as back-office staff think of the work.
export const people = { name: 'People', icon: 'Users' };
export const access = { name: 'Roles & policies', icon: 'Shield' };
export const records = { name: 'Records', icon: 'FileText' };
export const account = { name: 'My account', icon: 'User' };

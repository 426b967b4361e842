import React from 'react';

export default function MigrateRole() {
  return <div>MigrateRole</div>;
}

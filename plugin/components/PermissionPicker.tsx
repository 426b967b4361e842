import React from 'react';

export default function PermissionPicker() {
  return <div>PermissionPicker</div>;
}

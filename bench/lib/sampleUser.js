'use strict';
/** The value the shared-tier benchmarks cache: a user record of six fields, a `Date` among them. */
function sampleUser(i) {
  return {
    id: i,
    name: `User Number ${i}`,
    email: `user${i}@example.com`,
    roles: ['reader', 'writer'],
    createdAt: new Date(Date.UTC(2024, 0, 1) + i * 86_400_000),
    address: { street: `${i} Main Street`, city: 'Springfield' },
  };
}

module.exports = { sampleUser };

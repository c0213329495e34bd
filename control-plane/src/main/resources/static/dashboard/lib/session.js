// Who is signed in, and the generation counter that tells a view's late answers from the
// current page's.

export const state = { me: null, generation: 0 };

export function hasRole(role) {
  return !!state.me && state.me.roles.includes(role);
}

import { withAuth } from "next-auth/middleware";

/**
 * Next 16's request guard (formerly middleware.ts). It only sends visitors without a staff session
 * to the sign-in page; every page, action and route handler still checks the role itself.
 */
export default withAuth({ pages: { signIn: "/admin/sign-in" } });

export const config = { matcher: ["/admin/((?!sign-in).*)", "/admin"] };

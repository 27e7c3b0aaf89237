/** Who a signed-in user is beyond their token: the user pool's record (in AWS, Cognito's AdminGetUser). */
export interface UserDirectory {
  /** The user's email address as the user pool has it; undefined when the user has none (or is not there). */
  emailOf(user: { subject: string; username?: string }): Promise<string | undefined>;
}

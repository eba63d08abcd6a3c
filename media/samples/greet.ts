export function greet(userName: string): string {
  const greeting = `Hello, ${userName}!`;
  if (userName.length > 0) {
    return greeting;
  }
  return "Hello, world!";
}

// Balanced brackets: every opener must meet its own closer, in reverse order.
const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

export function balanced(text: string): boolean {
  const stack: string[] = [];
  for (const ch of text) {
    if (ch === "(" || ch === "[" || ch === "{") {
      stack.push(ch);
    } else if (ch in pairs) {
      if (stack.pop() !== pairs[ch]) return false;
    }
  }
  return stack.length === 0;
}

console.log(balanced("f(a[i], {b: g(c)})"), balanced("f(a[i)]"));

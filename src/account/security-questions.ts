// The security questions a user chooses from: a fixed list, so that answers are about facts one
// remembers rather than free text that tends to hold the answer itself.
export const securityQuestions = [
  'What was the name of your first school?',
  'In which city were you born?',
  'What was the make of your first car?',
  'What is the name of the street you grew up on?',
  'What was the name of your first pet?',
  'What was your childhood nickname?',
] as const;

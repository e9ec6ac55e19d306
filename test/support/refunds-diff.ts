// One merge request's diff of app/billing/refunds.py, for the unit and the end-to-end tests of the merge request panel.

/** `@@ -52,6 +52,8 @@`: old 55 removed; new 55–57 added; 58, 59 context. */
const REFUND_HUNK = [
  '@@ -52,6 +52,8 @@ class Refunds',
  ' def refund(order):',
  '     payment = order.payment',
  '     if payment is None:',
  '-        return None',
  '+        raise MissingPayment(order.id)',
  '+    amount = order.total - order.refunded',
  '+    return payment.refund(amount / order.items)',
  ' ',
  ' def refunds_for(customer):',
];

/** The one hunk: new lines 55–57 added. */
export const REFUNDS_DIFF = [...REFUND_HUNK, ''].join('\n');

/** The same hunk, then a second that adds new line 94. */
export const REFUNDS_TWO_HUNKS_DIFF = [
  ...REFUND_HUNK,
  '@@ -90,3 +92,4 @@ def refunds_for(customer):',
  '     return [',
  '         refund(order) for order in customer.orders',
  '+        if order.refundable',
  '     ]',
  '',
].join('\n');

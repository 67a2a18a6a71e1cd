// The GraphiQL console of the local profile. Queries need an access token: log in
// (POST /api/v1/auth/login) and put it in the Headers tab as {"Authorization": "Bearer <token>"}.
const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', window.location.href).toString() });
const example = `# The signed-in client's graph: put your token in the Headers tab below first.
{
  me {
    userId
    profile { username email }
    account {
      balance
      statement(limit: 5) { entries { kind amount balanceAfter occurredAt } nextCursor }
    }
    orders { orderId status price notifications { kind subject } }
    policies { number insurer validFrom validTo }
  }
}
`;
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: example,
    defaultHeaders: '{"Authorization": "Bearer <access token>"}',
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
  }),
);
